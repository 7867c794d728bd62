import { chatsPushPolicy } from '../chat/chats-push.ts';
import { messagesPushPolicy } from '../chat/messages-push.ts';
import { marksPushPolicy } from '../diary/marks-push.ts';
import { keysOf, type ServerPolicies } from './policy.ts';

/** Who sees what of each collection in sync/. Adding a collection means adding its entry here. */
export const serverPolicies: ServerPolicies = {
  structure: {
    view: 'sync_structure',
    keyColumns: { school: '"schoolId"' },
    keys: (s) => keysOf('school', s.schoolIds),
    wakeKeys: (s) => s.schoolIds,
  },
  people: {
    view: 'sync_people',
    keyColumns: { person: 'id' },
    keys: (s) => keysOf('person', s.personIds),
    wakeKeys: (s) => s.personIds,
  },
  lessons: {
    view: 'sync_lessons',
    keyColumns: { class: '"classId"' },
    keys: (s) => keysOf('class', s.classIds),
    wakeKeys: (s) => s.classIds,
  },
  marks: {
    view: 'sync_marks',
    // A student or parent sees only their own (children's) marks; a teacher all marks of their classes.
    keyColumns: { student: '"studentId"', class: '"classId"' },
    keys: (s) => [...keysOf('student', s.studentIds), ...keysOf('class', s.teacherClassIds)],
    wakeKeys: (s) => s.classIds,
    push: marksPushPolicy,
  },
  chats: {
    view: 'sync_chats',
    keyColumns: { chat: 'id' },
    keys: (s) => keysOf('chat', s.chatIds),
    wakeKeys: (s) => s.chatIds,
    push: chatsPushPolicy,
  },
  messages: {
    view: 'sync_messages',
    keyColumns: { chat: '"chatId"' },
    keys: (s) => keysOf('chat', s.chatIds),
    wakeKeys: (s) => s.chatIds,
    push: messagesPushPolicy,
  },
  calls: {
    view: 'sync_calls',
    keyColumns: { call: 'id' },
    keys: (s) => keysOf('call', s.callIds),
    wakeKeys: (s) => s.callIds,
    // The link lets anyone holding it in: only its admin may see (and share) it.
    present: (doc, s) => (doc.adminId === s.userId ? doc : { ...doc, linkCode: null }),
  },
};
