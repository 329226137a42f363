/** Mapping values between scaled and original units through a series' recorded transforms. */
import type { Transform } from './kinds.js';

/** Original units → scaled, for one column. */
export function applyTransforms(value: number, transforms: readonly Transform[], column: number): number {
  let v = value;
  for (const t of transforms) v = v * t.scale[column]! + t.offset[column]!;
  return v;
}

/** Scaled → original units, for one column: undo the transforms last to first. */
export function invertTransforms(value: number, transforms: readonly Transform[], column: number): number {
  let v = value;
  for (let i = transforms.length - 1; i >= 0; i--) {
    const t = transforms[i]!;
    v = (v - t.offset[column]!) / t.scale[column]!;
  }
  return v;
}

/** How much a difference in scaled units is worth in original units (for MAE/RMSE). */
export function scaleFactor(transforms: readonly Transform[], column: number): number {
  return transforms.reduce((f, t) => f / t.scale[column]!, 1);
}
