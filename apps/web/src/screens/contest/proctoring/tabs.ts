// The contest open in more than one tab of this browser profile, found over a BroadcastChannel named
// for the contest. A tab says hello when it starts watching; every tab that hears it answers, so
// both learn of each other; a tab that finds an older one open reports `second_tab` (once: a third
// tab is its own report, not another of the second's), the oldest only shows that others are open.

interface TabMessage {
  type: "hello" | "here" | "bye";
  tab: string;
  openedAt: number;
}

export interface Tab {
  id: string;
  /** When the page was opened: the later is the newer. */
  openedAt: number;
}

/** This page's identity: kept while the page lives, so a remount is not a new tab. */
export const THIS_TAB: Tab = { id: crypto.randomUUID(), openedAt: Date.now() };

export const channelName = (contestId: string) => `codeduel:contest:${contestId}`;

function isTabMessage(m: unknown): m is TabMessage {
  const t = m as Partial<TabMessage> | null;
  return typeof t?.tab === "string" && typeof t.openedAt === "number" && (t.type === "hello" || t.type === "here" || t.type === "bye");
}

/** Whether `a` opened after `b` (ties broken by id, so exactly one of two is newer). */
const newer = (a: Tab, b: Tab) => a.openedAt > b.openedAt || (a.openedAt === b.openedAt && a.id > b.id);

export class TabWatch {
  readonly #post: (message: unknown) => void;
  readonly #me: Tab;
  readonly #others = new Set<string>();
  #reported = false;
  readonly #onNewer: () => void;
  readonly #onOthers: (count: number) => void;

  /**
   * `post` sends on the channel (whose messages go to `heard`); `onNewer`: an older tab is open
   * (report it); `onOthers`: how many other tabs are open now.
   */
  constructor(post: (message: unknown) => void, me: Tab, onNewer: () => void, onOthers: (count: number) => void) {
    this.#post = post;
    this.#me = me;
    this.#onNewer = onNewer;
    this.#onOthers = onOthers;
    this.#say("hello");
  }

  /** This tab stops watching (the page closes, the contest ends): the others forget it. */
  stop(): void {
    this.#say("bye");
  }

  /** This tab is back (a page restored from the back-forward cache): the others learn of it again. */
  hello(): void {
    this.#say("hello");
  }

  #say(type: TabMessage["type"]): void {
    this.#post({ type, tab: this.#me.id, openedAt: this.#me.openedAt } satisfies TabMessage);
  }

  /** A message from the channel. */
  heard(m: unknown): void {
    if (!isTabMessage(m) || m.tab === this.#me.id) return;
    if (m.type === "bye") {
      if (this.#others.delete(m.tab)) this.#onOthers(this.#others.size);
      return;
    }
    if (m.type === "hello") this.#say("here");
    if (!this.#others.has(m.tab)) {
      this.#others.add(m.tab);
      this.#onOthers(this.#others.size);
    }
    if (!this.#reported && newer(this.#me, { id: m.tab, openedAt: m.openedAt })) {
      this.#reported = true;
      this.#onNewer();
    }
  }
}
