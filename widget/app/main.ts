// The chat app inside the iframe (being built).
document.getElementById('app')!.textContent = 'Chat';
