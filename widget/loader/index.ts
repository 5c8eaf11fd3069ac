// The widget loader (being built): draws the launcher and loads the chat app on first open.
export {};
