// sessiondb admin console: asks before a "Revoke all". Everything else works without script.
document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
});
