/** What the panel page is shown of a tab's private view. */
import * as v from 'valibot';
import { PayloadAboutSchema, PayloadSchema } from './payloads';

export const PrivateEntrySchema = v.object({
  namespace: v.string(),
  where: v.string(),
  about: PayloadAboutSchema,
  result: v.variant('ok', [v.object({ ok: v.literal(true), payload: PayloadSchema }), v.object({ ok: v.literal(false), sentence: v.string() })]),
});

export const PrivateViewOfTabSchema = v.object({
  origin: v.optional(v.string()),
  entries: v.array(PrivateEntrySchema),
  lost: v.boolean(),
  dropped: v.boolean(),
});

export type PrivateEntryView = v.InferOutput<typeof PrivateEntrySchema>;
export type PrivateViewOfTabView = v.InferOutput<typeof PrivateViewOfTabSchema>;
