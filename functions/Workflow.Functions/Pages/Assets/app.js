// The pages' script: finds the page module named by data-page and starts it. Pages without one need no script.
const tag = document.querySelector("script[data-page]");
const page = tag?.dataset.page;
if (page && /^[a-z-]+$/.test(page)) {
  import(`/assets/js/${page}.js`).then((module) => module.start(document.getElementById("app"))).catch(() => {
    const app = document.getElementById("app");
    if (app) app.textContent = "ページを読み込めませんでした。再読み込みしてください。";
  });
}
