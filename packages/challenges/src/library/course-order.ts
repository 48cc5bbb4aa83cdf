import type { Challenge } from "../types.ts";

// Large inputs, 2000 courses.
const N = 2000;
// A chain run backwards: course i + 1 before course i, so the only order is 1999, 1998, ..., 0.
const chain = Array.from({ length: N - 1 }, (_, i) => [i, i + 1]);
const chainOrder = Array.from({ length: N }, (_, i) => N - 1 - i);
// Pairs: odd course 2i + 1 before even course 2i. Smallest first gives 1, 0, 3, 2, 5, 4, ...
// (taking 1 unlocks 0, which is smaller than every other available course).
const pairs = Array.from({ length: N / 2 }, (_, i) => [2 * i, 2 * i + 1]);
const pairsOrder = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? i + 1 : i - 1));
// Layers: every course of the upper half needs up to three courses of the lower half. The lower half
// (0..999) has no prerequisites and is taken first; then the upper half in increasing order.
const layered: number[][] = [];
for (let c = N / 2; c < N; c++) {
  for (const b of new Set([7, 331, 613].map((d) => (c * d) % (N / 2)))) layered.push([c, b]);
}
const layeredOrder = Array.from({ length: N }, (_, i) => i);
// The backwards chain closed into a cycle: nothing can ever be taken.
const cycle = [...chain, [N - 1, 0]];

export const courseOrder: Challenge = {
  id: "course-order",
  title: "Course Order",
  tier: 4,
  statement: `There are \`n\` courses numbered \`0\` to \`n - 1\`. Each pair \`[a, b]\` in \`prerequisites\` means course \`b\` must be taken **before** course \`a\`. Courses are taken one at a time. Return the order in which to take all \`n\` courses; if several orders are possible, return the **lexicographically smallest** one (at every step, take the smallest-numbered course whose prerequisites are all done). Return \`[]\` if the prerequisites make it impossible to take every course.

- \`1 <= n <= 2000\`, \`0 <= prerequisites.length <= 5000\`
- \`0 <= a, b < n\`, \`a !== b\`; no pair appears twice.

**Example:** \`courseOrder(3, [[0, 1]])\` returns \`[1, 0, 2]\`: courses 1 and 2 are available first; after 1, course 0 becomes available and is smaller than 2.`,
  functionName: "courseOrder",
  signature: {
    javascript: "function courseOrder(n, prerequisites) {\n  // your code\n}",
    python: "def course_order(n, prerequisites):\n    # your code\n    pass",
  },
  publicTests: [
    {
      input: [
        4,
        [
          [1, 0],
          [2, 0],
          [3, 1],
          [3, 2],
        ],
      ],
      expected: [0, 1, 2, 3],
    },
    { input: [3, [[0, 1]]], expected: [1, 0, 2] },
    {
      input: [
        2,
        [
          [0, 1],
          [1, 0],
        ],
      ],
      expected: [],
    },
    {
      input: [
        5,
        [
          [0, 4],
          [1, 3],
          [2, 3],
        ],
      ],
      expected: [3, 1, 2, 4, 0],
    },
  ],
  hiddenTests: [
    { input: [1, []], expected: [0] },
    { input: [4, []], expected: [0, 1, 2, 3] },
    {
      input: [
        3,
        [
          [0, 1],
          [1, 2],
          [2, 0],
        ],
      ],
      expected: [],
    },
    {
      input: [
        4,
        [
          [0, 3],
          [1, 0],
          [2, 1],
        ],
      ],
      expected: [3, 0, 1, 2],
    },
    {
      input: [
        6,
        [
          [0, 5],
          [5, 4],
          [2, 1],
          [3, 1],
        ],
      ],
      expected: [1, 2, 3, 4, 5, 0],
    },
    {
      input: [
        5,
        [
          [1, 0],
          [4, 3],
          [3, 2],
          [2, 4],
        ],
      ],
      expected: [],
    },
    { input: [N, chain], expected: chainOrder },
    { input: [N, pairs], expected: pairsOrder },
    { input: [N, layered], expected: layeredOrder },
    { input: [N, cycle], expected: [] },
  ],
  reference: {
    javascript: `function courseOrder(n, prerequisites) {
  const next = Array.from({ length: n }, () => []);
  const waiting = new Array(n).fill(0);
  for (const [a, b] of prerequisites) {
    next[b].push(a);
    waiting[a]++;
  }
  // A binary min-heap of the courses that can be taken now.
  const heap = [];
  const push = (x) => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= heap[i]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l] < heap[m]) m = l;
        if (r < heap.length && heap[r] < heap[m]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  for (let c = 0; c < n; c++) if (waiting[c] === 0) push(c);
  const order = [];
  while (heap.length > 0) {
    const c = pop();
    order.push(c);
    for (const a of next[c]) if (--waiting[a] === 0) push(a);
  }
  return order.length === n ? order : [];
}`,
    python: `def course_order(n, prerequisites):
    nxt = [[] for _ in range(n)]
    waiting = [0] * n
    for pair in prerequisites:
        nxt[pair[1]].append(pair[0])
        waiting[pair[0]] += 1
    heap = []

    def push(x):
        heap.append(x)
        i = len(heap) - 1
        while i > 0:
            p = (i - 1) // 2
            if heap[p] <= heap[i]:
                break
            heap[p], heap[i] = heap[i], heap[p]
            i = p

    def pop():
        top = heap[0]
        last = heap.pop()
        if heap:
            heap[0] = last
            i = 0
            size = len(heap)
            while True:
                l = 2 * i + 1
                r = l + 1
                m = i
                if l < size and heap[l] < heap[m]:
                    m = l
                if r < size and heap[r] < heap[m]:
                    m = r
                if m == i:
                    break
                heap[m], heap[i] = heap[i], heap[m]
                i = m
        return top

    for c in range(n):
        if waiting[c] == 0:
            push(c)
    order = []
    while heap:
        c = pop()
        order.append(c)
        for a in nxt[c]:
            waiting[a] -= 1
            if waiting[a] == 0:
                push(a)
    return order if len(order) == n else []`,
  },
  // Kahn's algorithm with a first-in first-out queue: a valid order, but a course unlocked later
  // waits behind larger courses that were queued earlier, so it is not the smallest order.
  wrong: {
    javascript: `function courseOrder(n, prerequisites) {
  const next = Array.from({ length: n }, () => []);
  const waiting = new Array(n).fill(0);
  for (const [a, b] of prerequisites) {
    next[b].push(a);
    waiting[a]++;
  }
  const queue = [];
  for (let c = 0; c < n; c++) if (waiting[c] === 0) queue.push(c);
  for (let head = 0; head < queue.length; head++) {
    for (const a of next[queue[head]]) if (--waiting[a] === 0) queue.push(a);
  }
  return queue.length === n ? queue : [];
}`,
    python: `def course_order(n, prerequisites):
    nxt = [[] for _ in range(n)]
    waiting = [0] * n
    for pair in prerequisites:
        nxt[pair[1]].append(pair[0])
        waiting[pair[0]] += 1
    queue = []
    for c in range(n):
        if waiting[c] == 0:
            queue.append(c)
    head = 0
    while head < len(queue):
        for a in nxt[queue[head]]:
            waiting[a] -= 1
            if waiting[a] == 0:
                queue.append(a)
        head += 1
    return queue if len(queue) == n else []`,
  },
};
