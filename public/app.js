// Winnow's small client script. No inline scripts or handlers: the CSP allows none.
'use strict'

// Forms that would destroy something ask first (data-confirm="question").
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement)) return
  const question = form.dataset.confirm
  if (question && !window.confirm(question)) event.preventDefault()
})

// Screening keys: a button with data-key="i" is pressed by the key i, unless the person is
// typing in a field (a note) or holds a modifier. One key press sends one decision: keys are
// ignored while a decision is on its way, so a held key cannot vote twice.
let sending = false
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return
  const target = event.target
  if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) {
    if (event.key === 'Escape') target.blur()
    return
  }
  const button = document.querySelector(`button[data-key="${CSS.escape(event.key.toLowerCase())}"]`)
  if (!(button instanceof HTMLButtonElement) || sending) return
  event.preventDefault()
  const form = button.form
  if (form) form.requestSubmit(button)
  else button.click()
})
document.addEventListener('htmx:before:request', () => {
  sending = true
})
document.addEventListener('htmx:after:request', () => {
  sending = false
})
// After a swap the new card takes the focus (it has autofocus), so keys keep working.
document.addEventListener('htmx:after:swap', () => {
  const card = document.getElementById('screen-card')
  if (card && !card.contains(document.activeElement)) card.focus({ preventScroll: false })
})
