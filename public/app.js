// Winnow's small client script. No inline scripts or handlers: the CSP allows none.
'use strict'

// Forms that would destroy something ask first (data-confirm="question").
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement)) return
  const question = form.dataset.confirm
  if (question && !window.confirm(question)) event.preventDefault()
})
