// What a proctored contest collects, shown to everyone who opens it (before registering too), in
// plain words from its policy; what a browser can and cannot see; and entering fullscreen when the
// contest asks for it.
import type { Proctoring } from "./useProctoring.ts";
import { collectedSignals, collectedText, type ProctorPolicy, points, thresholdsText } from "./words.ts";

export function BrowserLimits() {
  return (
    <details className="proctor-limits">
      <summary>What a browser can and cannot detect</summary>
      <p>
        <strong>It can see</strong> that this page was hidden or lost focus, that fullscreen was left, pastes and copies inside this page,
        and another tab of this contest in the same browser profile.
      </p>
      <p>
        <strong>It cannot see</strong> a second device, another browser or browser profile, a phone, a person helping, screen sharing, or an
        extension reading the page.
      </p>
      <p>
        So it is evaded by all of those, and by a second monitor while this window keeps the focus. Proctoring here deters and records; it
        does not prove.
      </p>
    </details>
  );
}

export function ProctorNotice({
  policy,
  fullscreen,
}: {
  policy: ProctorPolicy;
  /** Given once the participant is watched: offers fullscreen when the policy requires it. */
  fullscreen?: Proctoring["fullscreen"];
}) {
  const wantsFullscreen = policy.requireFullscreen && policy.signals.fullscreen_exit !== undefined;
  return (
    <section className="card proctor-notice" aria-labelledby="proctor-notice-title">
      <h2 id="proctor-notice-title">This contest is proctored</h2>
      <p>While it runs, this page reports to the organisers:</p>
      <ul>
        {collectedSignals(policy).map(({ signal, weight }) => (
          <li key={signal}>
            {collectedText(signal, policy)} <span className="muted">({points(weight)})</span>
          </li>
        ))}
      </ul>
      <p className="small">
        {thresholdsText(policy)} Nothing else is collected: not your screen, camera, microphone, keystrokes or the text you paste. What is
        recorded about you is listed on this page.
      </p>
      {wantsFullscreen && (
        <p className="small">
          The contest is taken in fullscreen: leaving it counts.{" "}
          {fullscreen &&
            !fullscreen.active &&
            (fullscreen.supported ? (
              <button type="button" className="small" onClick={fullscreen.enter}>
                Enter fullscreen
              </button>
            ) : (
              <span className="muted">This browser cannot show the page fullscreen.</span>
            ))}
        </p>
      )}
      <BrowserLimits />
    </section>
  );
}
