import { DEMO_PASSWORD } from '../../api/demo/index.ts';

/** GraphQL from Node against the running server, as another device (a teacher's) would send it. */
export class ApiClient {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const body = (await response.json()) as { data: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  async signIn(phone: string): Promise<void> {
    await this.request('mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { userId } }', {
      p: phone,
      w: DEMO_PASSWORD,
    });
  }

  /** Gives a grade the way the teacher's journal pushes it. */
  async giveGrade(mark: { id: string; lessonId: string; studentId: string; value: string; comment?: string }): Promise<void> {
    const result = await this.request<{ pushMarks: { conflicts: { id: string }[]; rejected: { message: string }[] } }>(
      `mutation($rows: [MarkPushRow!]!) { pushMarks(rows: $rows) { conflicts { id } rejected { id message } } }`,
      {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: {
              ...mark,
              pos: '0',
              classId: '',
              subjectId: '',
              date: '',
              kind: 'grade',
              weight: 1,
              deleted: false,
            },
          },
        ],
      },
    );
    // Taken: nothing refused, and the answer is the stored mark (the server's copy of it).
    if (result.pushMarks.rejected.length || result.pushMarks.conflicts.length !== 1 || result.pushMarks.conflicts[0]?.id !== mark.id)
      throw new Error(`grade not accepted: ${JSON.stringify(result.pushMarks)}`);
  }
}
