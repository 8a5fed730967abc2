import type { EncodedMemory, ModelHead, QuantizedWeights } from './classifier-model.schema';
import { denseLinearWeights, LinearWeights } from './linear-trainer.util';
import { ExampleMemory, quantizeUnit } from './nearest-neighbours.util';

/** Binary parts of a model (typed arrays) ↔ the base64 strings that the JSON model holds. */
export function encodeFloat32(values: ArrayLike<number>): string {
  return Buffer.from(Float32Array.from(values).buffer).toString('base64');
}

function decodeBuffer(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

export function decodeFloat32(base64: string): Float32Array {
  const bytes = decodeBuffer(base64);
  // Copy into an aligned buffer: a Buffer view may start at an odd offset of the pool.
  return new Float32Array(new Uint8Array(bytes).buffer, 0, Math.floor(bytes.length / 4));
}

export function encodeMemory(memory: ExampleMemory): EncodedMemory {
  const lengths = new Uint16Array(memory.rows);
  for (let i = 0; i < memory.rows; i++) lengths[i] = memory.indptr[i + 1] - memory.indptr[i];
  return {
    rows: memory.rows,
    lengths: Buffer.from(lengths.buffer).toString('base64'),
    indices: Buffer.from(memory.indices.buffer).toString('base64'),
    values: Buffer.from(Uint8Array.from(memory.values, quantizeUnit)).toString('base64'),
  };
}

export function decodeMemory(encoded: EncodedMemory): ExampleMemory {
  const lengthBytes = new Uint8Array(decodeBuffer(encoded.lengths));
  const lengths = new Uint16Array(lengthBytes.buffer, 0, Math.floor(lengthBytes.length / 2));
  const indptr = new Int32Array(encoded.rows + 1);
  for (let i = 0; i < encoded.rows; i++) indptr[i + 1] = indptr[i] + lengths[i];
  const indexBytes = new Uint8Array(decodeBuffer(encoded.indices));
  const indices = new Int32Array(indexBytes.buffer, 0, Math.floor(indexBytes.length / 4));
  const values = Float32Array.from(decodeBuffer(encoded.values), (byte) => byte / 255);
  return { rows: encoded.rows, indptr, indices, values };
}

export function encodeMemoryLabels(labels: Int16Array): string {
  return Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength).toString('base64');
}

export function decodeMemoryLabels(base64: string): Int16Array {
  const bytes = new Uint8Array(decodeBuffer(base64));
  return new Int16Array(bytes.buffer, 0, Math.floor(bytes.length / 2));
}

export function quantizeWeights(model: LinearWeights): QuantizedWeights {
  const { classes, cols, weights, stride, offset } = model;
  const scales = new Array<number>(classes).fill(0);
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < classes; k++) scales[k] = Math.max(scales[k], Math.abs(weights[j * stride + offset + k]));
  }
  for (let k = 0; k < classes; k++) scales[k] = scales[k] > 0 ? scales[k] / 32767 : 1;
  const data = new Int16Array(classes * cols);
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < classes; k++) data[j * classes + k] = Math.round(weights[j * stride + offset + k] / scales[k]);
  }
  return { encoding: 'int16-le-base64', data: Buffer.from(data.buffer).toString('base64'), scales };
}

export function dequantizeWeights(head: ModelHead, cols: number): LinearWeights {
  const classes = head.labels.length;
  const bytes = decodeBuffer(head.weights.data);
  const data = new Int16Array(new Uint8Array(bytes).buffer, 0, Math.floor(bytes.length / 2));
  const weights = new Float32Array(classes * cols);
  for (let i = 0; i < weights.length; i++) weights[i] = data[i] * head.weights.scales[i % classes];
  return denseLinearWeights(classes, cols, weights, Float32Array.from(head.bias));
}
