/** How a process or sandbox ended, as Wait answers it: its exit status and when, in milliseconds since the epoch. */
export interface Exit {
  exitStatus: number;
  exitedAt: number;
}
