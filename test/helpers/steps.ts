/**
 * A scenario's steps over shared state, each runnable alone. Declare each step's action
 * with `step(act)`; a test awaits its step and asserts on the outcome. Asking for step n
 * runs the actions of steps 1..n once each, in order, and remembers their outcomes: in a
 * full run every action runs once, in order; under `vitest -t "<step>"` the chosen step
 * first replays the actions before it (without their assertions). A failed action fails
 * its step and every later one, with its own error.
 */
export function scenarioSteps(): { step<T>(act: () => Promise<T>): () => Promise<T> } {
  const acts: (() => Promise<unknown>)[] = [];
  const outcomes: Promise<unknown>[] = [];
  const reach = (i: number): Promise<unknown> => (outcomes[i] ??= (i > 0 ? reach(i - 1) : Promise.resolve()).then(() => acts[i]!()));
  return {
    step<T>(act: () => Promise<T>) {
      const i = acts.push(act) - 1;
      return () => reach(i) as Promise<T>;
    },
  };
}
