// Types of build.mjs (plain JavaScript, see there for why).

/** The repository's root folder and its dist/ folder. */
export const ROOT: string;
export const DIST: string;

/** Whether dist/ was built by this version of the build from the files as they are now. */
export function isFresh(): boolean;

/** Build dist/ from the sources. */
export function build(): Promise<void>;

/** Build dist/ unless it is fresh. */
export function ensureBuilt(): Promise<void>;
