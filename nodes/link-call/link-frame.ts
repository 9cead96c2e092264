// The call stack a link call leaves on the message, so that a link-out in "return" mode knows
// where the message goes back to. Calls nest: each link call pushes one frame.

export interface LinkFrame {
  /** The link-call node waiting for the message. */
  id: string;
  /** This call's id: the caller matches the return against its pending calls. */
  call: string;
  /** Set by link-out "return": tells the caller that the message is coming back, not calling it again (recursion). */
  returning?: true;
}

/** The frames of `msg._linkSource`, or undefined when there are none. */
export function linkStack(source: unknown): LinkFrame[] | undefined {
  return Array.isArray(source) && source.length > 0 ? (source as LinkFrame[]) : undefined;
}
