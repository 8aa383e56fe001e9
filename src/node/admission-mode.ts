/** --admission: off (no admission at all), warn (admit, log and count what would be refused), enforce (refuse). */
export const ADMISSION_MODES = ['off', 'warn', 'enforce'] as const;
export type AdmissionMode = (typeof ADMISSION_MODES)[number];
export const DEFAULT_ADMISSION: AdmissionMode = 'warn';

export const isAdmissionMode = (text: string): text is AdmissionMode =>
  (ADMISSION_MODES as readonly string[]).includes(text);
