/**
 * How a message is defined: once, with its name, who may send it to whom, and the schemas
 * of its request and reply. Receivers look a message up by name, check that the
 * browser-stamped sender is the one it names, validate the request, and only then act.
 */
import type * as v from 'valibot';

/** The extension's contexts, as a receiver tells them apart; `panel` is the one extension page shown private-view plaintext. */
export type Party = 'hook' | 'bridge' | 'background' | 'extension-page' | 'panel';

export interface MessageSpec<From extends Party = Party, To extends Party = Party, Req extends v.GenericSchema = v.GenericSchema, Rep extends v.GenericSchema = v.GenericSchema> {
  from: From;
  to: To;
  request: Req;
  reply: Rep;
}

export function message<From extends Party, To extends Party, Req extends v.GenericSchema, Rep extends v.GenericSchema>(from: From, to: To, request: Req, reply: Rep): MessageSpec<From, To, Req, Rep> {
  return { from, to, request, reply };
}

export type RequestOf<S> = S extends MessageSpec<Party, Party, infer Req, v.GenericSchema> ? v.InferOutput<Req> : never;
/** What a sender writes (defaults may be left out); receivers get RequestOf, with the defaults filled in. */
export type RequestInputOf<S> = S extends MessageSpec<Party, Party, infer Req, v.GenericSchema> ? v.InferInput<Req> : never;
export type ReplyOf<S> = S extends MessageSpec<Party, Party, v.GenericSchema, infer Rep> ? v.InferOutput<Rep> : never;

/** On the wire: the message's name and its request. */
export interface Envelope<Name extends string = string, Body = unknown> {
  type: Name;
  body: Body;
}

/** Every answer is either a value or one sentence saying what went wrong. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
