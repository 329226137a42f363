export function compileGemmWat(text: string): Promise<Uint8Array>;
