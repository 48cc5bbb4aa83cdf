// The --help text: every option, and what each scenario does and measures.
import { LANGUAGES } from "@codeduel/judge";
import { PROCTOR_OPERATIONS, SCENARIO_OPERATIONS, SUBMISSION_KINDS } from "./options.ts";

export const USAGE = `usage: npm run loadtest -- [options]

Plays N real clients (one WebSocket each, typed tRPC client) against a codeduel server.

  --scenario S            battle | contest (default battle)
                          battle: players queue, play battles (type, submit per --mix until
                          accepted) and queue again
                          contest: participants of one contest (--contest), see below
  --url URL[,URL...]      server base URL(s); players are spread round-robin (default http://127.0.0.1:3000)
  --players N             number of players (contest: participants) (default 10)
  --duration D            run time: 30s, 2m, 1h, 500ms or a number of ms (default 30s)
  --connect MODE          gradual | burst | immediate (default gradual)
  --connect-rate R        players started per second with --connect gradual (default 50)
  --pattern P             random | burst | steady | human | idle (default random)
                          idle: sign in, subscribe to queue.events (contest: register and watch
                          the standings), hold the connection
  --mix SPEC              submission shares (default correct=70,wrong=20,loop=5,bomb=5)
                          kinds (javascript): ${SUBMISSION_KINDS.join(", ")}; language:kind for
                          any language (${LANGUAGES.join(", ")}), e.g.
                          correct=50,wrong=10,python:correct=30,python:loop=10
  --output FORMAT         console | json | csv (default console)
  --out FILE              write the report to FILE instead of stdout
  --seed N                seed for every random choice (default: random, printed in the report)
  --drain D               after the duration, time to finish in-flight work before force-closing (default 10s)
  --quiet                 no progress line on stderr
  --max-error-rate X      fail if errors / calls exceed X (0.01 or 1%)
  --max-p95-ms SPEC       fail if a p95 exceeds it: 500 (every operation) or relay=50,verdict=3000
  --max-p99-ms SPEC       same for p99
  --help                  this text

contest scenario (--scenario contest --contest ID):
  Each participant signs in, subscribes to contest.standings and keeps its copy of the board up
  to date from the \`board\` and \`change\` messages (a gap in their seq counts as an error),
  registers (contest.register), reads the problems (contest.problems; waiting for the start if
  the contest has not started), then submits on a random problem, one submission in flight:
  its kind drawn from --mix, at the pattern's rhythm (first submission, then the delay after each
  verdict) or every --submit-interval. A verdict is known when the participant's own cell settles
  on its own standings stream (then one contest.mySubmissions read gives the status); after a
  freeze, or if that change is slow to come, contest.mySubmissions is polled every 2 s.
  Code: loop and bomb work on any problem. Correct and wrong code exist for problems taken from
  the challenge library (recognised by their title, function and statement: the library's
  reference and wrong solutions, as in battles) and for problems in --solutions; a mix entry no
  problem has code for is dropped and counted once as an error (NO_SOLUTION).
  --contest ID            the contest's id (a UUID); it must exist and not be over
  --join-code CODE        the join code of an unlisted contest
  --accounts MODE         auto | guest | register (default auto: guests where the contest allows
                          them, accounts otherwise). register: auth.register as lt<seed>-<i>
                          (seed and player index in base 36) with a password derived from them,
                          or auth.login to that account when a run with the same --seed made it
  --solutions FILE        correct and wrong code for organisers' problems, as JSON:
                          {"A": {"correct": {"javascript": "...", "python": "..."}, "wrong": {...}}}
  --submit-interval D     mean time between one participant's submissions (each delay drawn
                          between 0.5x and 1.5x; the first within D of reading the problems),
                          instead of the pattern's delays: N participants submit about N/D a
                          second in all
  --proctor               a proctored contest: each participant also holds contest.proctoring
                          (its own record, resumed with the last seq) and reports signals
                          (contest.report, a fresh clientId each) that the contest's policy
                          collects and counts, mostly tab_hidden and window_blur; a disqualified
                          participant reports and submits no more (its refused submission is
                          not an error). Any --pattern, idle included (no submissions).
                          With LOADTEST_ADMIN_TOKEN set to an admin's session token (an
                          environment variable, so it stays out of \`ps\`), one admin connection
                          watches proctorAdmin.feed; without it \`feed\` and lost reports are not
                          measured, and the report says so
  --proctor-rate R        signals per participant per minute, on average, at random times
                          (default 0.5: one every two minutes; the server takes 120 a minute)
  --proctor-crossers X    share of the participants who cross the disqualification line: at a
                          random time of the run, counting signals a second or so apart until
                          an answer says the line is reached (default 5%)

operations (the report lists its scenario's):
  battle:  ${SCENARIO_OPERATIONS.battle.join(", ")}
  contest: ${SCENARIO_OPERATIONS.contest.join(", ")}; with --proctor also ${PROCTOR_OPERATIONS.join(", ")}
  register   contest.register, sent to answered
  verdict    battle: battle.submit sent to its verdict event; contest: contest.submit sent to the
             change of the participant's own cell that settles it (or the poll that found it)
  standings  a verdict's standings change, from the event's \`at\` (the server's clock when the
             verdict was recorded, in the transaction that records it) to the change reaching each
             participant's subscription (this machine's clock; no correction, so run the load
             tester on the server's machine, or expect the clocks' offset in it)
  report     contest.report, written to its socket, to its answer (the server has recorded it)
  disqualify the report that crossed the line, written to its socket, to its event (outcome
             disqualified) on the participant's own contest.proctoring subscription
  feed       each report, written to its socket, to its event on the admin feed; "lost" in the
             report: reports answered recorded minus those seen on the feed by the drain's end
  disqualify_steady, feed_steady  the same, only once every participant had registered and
             read the problems (the arrival ramp over)
exit codes: 0 every threshold met, 1 a threshold failed (or no player connected, or the contest
is missing, over or closed to these players), 2 bad arguments`;
