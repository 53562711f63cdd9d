// Starts the vendored Swagger UI on /api/docs/ (a static file: the CSP allows no inline script).
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  var csrf = document.cookie.split("; ").filter(function (c) { return c.indexOf("csrftoken=") === 0; })[0];
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The base layout, without the standalone preset's top bar: its logo carries a <style>
    // element, which the strict CSP refuses (swagger-api/swagger-ui#10655).
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    persistAuthorization: false,
    requestInterceptor: function (request) {
      // Calls made from the page with the browser's session need the CSRF token.
      if (csrf) { request.headers["X-CSRFToken"] = csrf.split("=")[1]; }
      return request;
    }
  });
}());
