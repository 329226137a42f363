export function gemmWat(options?: { rt?: number; ct?: number; bt?: number; kt?: number }): string;
