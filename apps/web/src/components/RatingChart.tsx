// Rating history as an inline SVG line chart: no chart library.
import type { RatingPoint } from "@codeduel/api";

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 26 };

export function RatingChart({ history, current }: { history: readonly RatingPoint[]; current: number }) {
  if (history.length === 0) {
    return <p className="muted">No rated battles yet: the chart starts with the first one.</p>;
  }
  const values = [history[0]?.before ?? current, ...history.map((p) => p.after)];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 40) {
    const mid = (max + min) / 2;
    min = mid - 20;
    max = mid + 20;
  }
  const x = (i: number) => PAD.left + (values.length === 1 ? 0 : (i / (values.length - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const path = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const ticks = [min, (min + max) / 2, max].map(Math.round);
  const first = values[0] ?? current;
  const last = values.at(-1) ?? current;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Rating history: ${values.length - 1} battles, from ${first} to ${last}, lowest ${Math.min(...values)}, highest ${Math.max(...values)}`}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="axis">
              {t}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 6} className="axis">
          first battle
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="axis">
          latest
        </text>
        <path d={`${path} L${x(values.length - 1)},${H - PAD.bottom} L${x(0)},${H - PAD.bottom} Z`} className="area" />
        <path d={path} className="line" />
        {values.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: points are positional
          <circle key={i} cx={x(i)} cy={y(v)} r={values.length > 60 ? 1.5 : 3} className="point">
            <title>{i === 0 ? `start: ${v}` : `after battle ${i}: ${v}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
