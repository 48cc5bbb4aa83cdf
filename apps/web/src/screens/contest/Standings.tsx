// The standings: ranked rows with a cell per problem (attempts, the minute of the solve, pending
// "?", first to solve marked), the viewer's own row pinned (summarised above the table and sticky
// inside its scrolling region), and a banner while the board is frozen.
import type { Board } from "@codeduel/api";
import { boardFrozen, firstSolvers, rank } from "@codeduel/api/contest-scoring";
import { useMemo } from "react";
import { TableRegion } from "../../components/TableRegion.tsx";
import { describeCell, describeTotals } from "../../contest-board.ts";
import { dateTime } from "../../util.ts";

function FreezeNotice({ board, now }: { board: Board; now: number }) {
  if (boardFrozen(board, now) && board.freezeAt) {
    return (
      <p className="notice warn" role="status" data-testid="frozen-banner">
        <strong>Frozen</strong> since {dateTime(board.freezeAt)}: others' submissions since then show as pending (?) until the organiser
        reveals the results.
      </p>
    );
  }
  // Admins follow the live board: say so, since participants see something else.
  if (board.board === "live" && board.freezeAt && !board.unfrozen && now >= Date.parse(board.freezeAt)) {
    return <p className="notice">Live board: participants see it frozen since {dateTime(board.freezeAt)}.</p>;
  }
  return null;
}

export function Standings({ board, meId, now }: { board: Board | undefined; meId: string; now: number }) {
  const ranked = useMemo(() => (board ? rank(board.rows, board.scoring) : []), [board]);
  const firsts = useMemo(() => (board ? firstSolvers(board.rows) : {}), [board]);
  if (!board) return <p className="muted">Loading the standings…</p>;
  const icpc = board.scoring === "icpc";
  const mine = ranked.find((r) => r.row.userId === meId);
  return (
    <>
      <FreezeNotice board={board} now={now} />
      {mine && (
        <p className="my-standing" data-testid="my-standing">
          {mine.rank === null ? (
            <>You are disqualified: not ranked · </>
          ) : (
            <>
              You: rank <strong>{mine.rank}</strong> of {ranked.length} ·{" "}
            </>
          )}
          {describeTotals(mine.totals, board.scoring)}
        </p>
      )}
      {ranked.length === 0 ? (
        <p className="muted">Nobody on the board yet.</p>
      ) : (
        <TableRegion label="Standings table" className="standings-scroll">
          <table className="table standings">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Participant</th>
                {icpc ? (
                  <>
                    <th scope="col" className="num">
                      Solved
                    </th>
                    <th scope="col" className="num">
                      Penalty
                    </th>
                  </>
                ) : (
                  <th scope="col" className="num">
                    Points
                  </th>
                )}
                {board.problems.map((p) => (
                  <th key={p.label} scope="col" className="cell-head">
                    {p.label}
                    <span className="sr-only">: {p.title}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ranked.map(({ row, totals, rank: place }) => {
                const me = row.userId === meId;
                return (
                  <tr
                    key={row.userId}
                    className={[me ? "me" : "", place === null ? "disqualified" : ""].join(" ").trim() || undefined}
                    data-testid={`standing-${row.name}`}
                  >
                    <td className="num">{place ?? <abbr title="disqualified">DQ</abbr>}</td>
                    <th scope="row" className="who">
                      {row.name}
                      {me && <span className="small"> (you)</span>}
                      {place === null && <span className="small"> (disqualified)</span>}
                    </th>
                    {icpc ? (
                      <>
                        <td className="num">{totals.solved}</td>
                        <td className="num">{totals.penalty}</td>
                      </>
                    ) : (
                      <td className="num">{totals.points}</td>
                    )}
                    {board.problems.map((p) => {
                      const cell = row.cells[p.label];
                      const first = firsts[p.label]?.includes(row.userId) ?? false;
                      const d = describeCell(cell, board.scoring, first);
                      const state = !cell
                        ? ""
                        : cell.acceptedMs !== null
                          ? "solved"
                          : cell.pending > 0
                            ? "pending"
                            : cell.attempts > 0
                              ? "failed"
                              : "";
                      return (
                        <td key={p.label} className={`cell ${state} ${first ? "first" : ""}`} data-label={p.label}>
                          <span aria-hidden="true">
                            <span>
                              {first && "★ "}
                              {d.short}
                            </span>
                            {d.detail && <span className="cell-detail">{d.detail}</span>}
                          </span>
                          <span className="sr-only">{d.words}</span>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <p className="small muted legend">
        {icpc
          ? "✓ minute of the solve (penalty: that minute plus 20 per rejected try); ✗ rejected tries; ? pending; ★ first to solve."
          : "Points per problem (the best submission counts); ? pending; ★ first to solve it fully."}
      </p>
    </>
  );
}

/** The standings in a card of their own, under a heading, with the stream's error if it failed. */
export function StandingsCard(props: {
  id: string;
  title: string;
  error: string | null | undefined;
  board: Board | undefined;
  meId: string;
  now: number;
}) {
  return (
    <section className="card standings-card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.error && (
        <p role="alert" className="error-text">
          {props.error}
        </p>
      )}
      <Standings board={props.board} meId={props.meId} now={props.now} />
    </section>
  );
}
