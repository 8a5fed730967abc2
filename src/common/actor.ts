/** Who is making a change, for the audit trail. */
export interface Actor {
  userId: number | null;
  requestId: string | null;
}
