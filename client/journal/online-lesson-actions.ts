/**
 * What the teacher's lesson list asks of calls, and nothing more: the journal names the three
 * operations it needs here, and client/app/ hands it calls' own (client/calls/api.ts, loaded on
 * first use). So the journal imports nothing of client/calls, and calls keeps its one copy of each
 * GraphQL operation.
 */
export interface OnlineLessonActions {
  /** Creates a draft online lesson for a timetable lesson; `studentIds` null means the whole class. */
  create(lessonId: string, studentIds: string[] | null): Promise<unknown>;
  /** Publishes it: only now do the students see «Присоединиться к уроку». */
  publish(callId: string): Promise<void>;
  /** Ends it for everyone in it. */
  end(callId: string): Promise<void>;
}
