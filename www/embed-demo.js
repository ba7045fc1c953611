// The embed example's host script (www/embed.html): a button plays the next scenario step of
// the third player and shows which step it is on, as a slide deck's fragments would.
document.addEventListener('ordinal:ready', (e) => {
  const host = e.target;
  if (host.previousElementSibling?.id !== 'driven') return;
  const player = e.detail;
  const status = document.getElementById('step-status');
  player.on('step', ({ index, count }) => {
    status.textContent = index < 0 ? 'Before the first step' : `Step ${index + 1} of ${count}`;
  });
  document.getElementById('next-step').addEventListener('click', () => player.nextStep());
});
