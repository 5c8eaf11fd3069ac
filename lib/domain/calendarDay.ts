/** The company's calendar days: the rules live in lib/protocol (the dashboard counts days the same way). */
export * from '../protocol/calendarDay.js';
