// A few lines of client-side routing: the server answers every non-API path with index.html.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from "react";

export type Route =
  | { name: "lobby" }
  | { name: "battle"; id: string }
  | { name: "watch"; id: string }
  | { name: "replay"; id: string }
  | { name: "profile"; id?: string }
  | { name: "contests" }
  | { name: "contest"; id: string }
  /** Organisers' pages: `section` is "problem" or "contest" with an id (or "new"), or none for the overview. */
  | { name: "organise"; section?: "problem" | "contest"; id?: string }
  | { name: "not_found" };

export function parseRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean);
  const [head, id] = parts;
  if (parts.length === 0) return { name: "lobby" };
  if (head === "battle" && id && parts.length === 2) return { name: "battle", id };
  if (head === "watch" && id && parts.length === 2) return { name: "watch", id };
  if (head === "replay" && id && parts.length === 2) return { name: "replay", id };
  if (head === "profile" && parts.length <= 2) return id ? { name: "profile", id } : { name: "profile" };
  if (head === "contests" && parts.length === 1) return { name: "contests" };
  if (head === "contest" && id && parts.length === 2) return { name: "contest", id };
  if (head === "organise" && parts.length === 1) return { name: "organise" };
  if (head === "organise" && (id === "problem" || id === "contest") && parts[2] && parts.length === 3) {
    return { name: "organise", section: id, id: parts[2] };
  }
  return { name: "not_found" };
}

const EVENT = "codeduel:navigate";

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname) return;
  if (options.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new Event(EVENT));
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    window.addEventListener("popstate", update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return parseRoute(path);
}

/** An ordinary link (keyboard, middle click and "open in new tab" work) that navigates in place. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
