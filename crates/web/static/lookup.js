// The receipt's QR code opens /tra-cuu/{code}#{secret}: the fragment never reaches a server.
// Move the secret into the form, drop it from the address bar and history, and post the form.
(function () {
  var secret = decodeURIComponent(window.location.hash.replace(/^#/, ""));
  if (!secret) return;
  history.replaceState(null, "", window.location.pathname);
  var form = document.getElementById("lookup-form");
  var field = document.getElementById("bi-mat");
  var code = document.getElementById("ma");
  if (!form || !field || !code || !code.value) return;
  field.value = secret;
  form.submit();
})();
