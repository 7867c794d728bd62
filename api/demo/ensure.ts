/**
 * The demo school «Гимназия №1», loaded on the first start of an empty database so that a fresh
 * install has something to show. Tests use the same school (they import it from here).
 */
import { DEMO_PASSWORD, DEMO_SIGN_INS, generateDemoSchool, loadDemoSchool } from './index.ts';
import { dateInZone } from '../../sync/index.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { Db } from '../db/database.ts';

export const DEMO_TIME_ZONE = 'Europe/Moscow';

export interface DemoInfo {
  schoolName: string;
  password: string;
  signIns: typeof DEMO_SIGN_INS;
}

/** Loads the demo school when the database has no school yet; returns its sign-ins when it is there. */
export async function ensureDemoSchool(db: Db, today?: string): Promise<DemoInfo | null> {
  const [existing] = await db.query<{ name: string }>("SELECT name FROM schools WHERE id = 'school-1'");
  const [any] = await db.query('SELECT 1 FROM schools LIMIT 1');
  if (!existing && any) return null; // a real school's database: no demo
  let schoolName = existing?.name;
  if (!existing) {
    const school = generateDemoSchool({ today: today ?? dateInZone(DEMO_TIME_ZONE) });
    await loadDemoSchool(db, school, await hashPassword(DEMO_PASSWORD));
    schoolName = school.rows.schools[0]?.name;
  }
  return { schoolName: schoolName ?? '', password: DEMO_PASSWORD, signIns: DEMO_SIGN_INS };
}
