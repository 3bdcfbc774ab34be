/** The kinds of events the simulator schedules; an event carries its kind as a small integer. */
export const ARRIVAL = 1;
export const ATTEMPT_END = 2;
export const RETRY_START = 3;
export const BULKHEAD_TIMEOUT = 4;
export const HANDLE_END = 5;
export const REDELIVER = 6;
export const REPLY_TIMEOUT = 7;
export const INJECTED_REQUEST = 8;
