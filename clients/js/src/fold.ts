import type { AgentState, JobState, StreamText, WireEvent } from './types.js';

/** Chunk assembly per stream: text so far, the next index expected, chunks that arrived ahead of it. */
export interface StreamBuffer {
  text: string;
  next: number;
  ahead: Map<number, string>;
}

export type Streams = Map<string, StreamBuffer>;

export function initialState(jobId: string): JobState {
  return {
    jobId, epoch: null, seq: 0, status: 'pending', progress: 0, stage: null, stageProgress: null,
    etaSeconds: null, message: null, agents: {}, streams: {}, results: null, error: null,
  };
}

/** Adds a chunk to its stream; false when it changed nothing (a duplicate). */
function addChunk(streams: Streams, stream: string, index: number, text: string): boolean {
  let buffer = streams.get(stream);
  if (!buffer) streams.set(stream, (buffer = { text: '', next: 0, ahead: new Map() }));
  if (index < buffer.next || buffer.ahead.has(index)) return false;
  buffer.ahead.set(index, text);
  for (let next; (next = buffer.ahead.get(buffer.next)) !== undefined; buffer.next++) {
    buffer.ahead.delete(buffer.next);
    buffer.text += next;
  }
  return true;
}

function streamTexts(streams: Streams): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, buffer] of streams) texts[name] = buffer.text;
  return texts;
}

/** The state after one event. Every event carries the job's whole status, progress and stage. */
export function fold(state: JobState, evt: WireEvent, streams: Streams): JobState {
  const next: JobState = {
    ...state,
    epoch: evt.epoch ?? state.epoch,
    seq: evt.seq,
    status: evt.status,
    progress: evt.progress,
    stage: evt.stage ?? state.stage,
    stageProgress: evt.stage_progress ?? null,
    etaSeconds: evt.estimated_seconds_remaining ?? null,
    message: evt.message ?? state.message,
  };
  switch (evt.type) {
    case 'agent_status':
      if (evt.agent) {
        const agent: AgentState = { status: evt.agent.status, tool: evt.agent.tool ?? null, confidence: evt.agent.confidence ?? null };
        next.agents = { ...state.agents, [evt.agent.name]: agent };
      }
      break;
    case 'chunk':
      if (evt.chunk && addChunk(streams, evt.chunk.stream, evt.chunk.index, evt.chunk.text)) next.streams = streamTexts(streams);
      break;
    case 'job_complete':
      next.results = evt.results ?? null;
      break;
    case 'job_failed':
      next.error = evt.error ?? null;
      break;
    default:
  }
  if (evt.streams) next.streams = setStreams(streams, evt.streams);
  return next;
}

/** Replaces every stream with the server's text (a snapshot's, or a `truncated` / `new_epoch` reply's); the texts. */
export function setStreams(streams: Streams, texts: Record<string, StreamText>): Record<string, string> {
  streams.clear();
  for (const [name, s] of Object.entries(texts)) {
    if (s && typeof s.text === 'string') streams.set(name, { text: s.text, next: Number(s.next_index) || 0, ahead: new Map() });
  }
  return streamTexts(streams);
}
