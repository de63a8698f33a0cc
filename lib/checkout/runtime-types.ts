/** Applies a named fault preset; false when there is no such preset. */
export type FaultPresetApplier = (preset: string) => Promise<boolean>;
