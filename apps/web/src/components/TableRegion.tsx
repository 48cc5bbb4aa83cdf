// A table's scrolling box: on a narrow screen a wide table scrolls sideways inside it rather than
// widening the page, so the box is named and in the tab order (a keyboard scrolls it with the arrow
// keys; axe's scrollable-region-focusable rule).
import type { ReactNode } from "react";

export function TableRegion({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must take focus, or a keyboard cannot scroll it
    <section className={`table-scroll ${className}`} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
