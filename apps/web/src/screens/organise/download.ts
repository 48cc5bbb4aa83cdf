// Files an organiser downloads (exports, the proctoring report): made in the page from text the API
// returned, named after the contest.

/** Saves text as a file: a Blob URL on a temporary link, released once the download has started. */
export function download(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Friday cup!" -> "friday-cup": a file name's start. */
export function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "contest"
  );
}
