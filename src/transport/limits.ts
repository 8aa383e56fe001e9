/** Requests above this size are refused with RESOURCE_EXHAUSTED before they reach our code. */
export const MAX_RECEIVE_MESSAGE_BYTES = 16 * 1024 * 1024;
