import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { prefs } from "./lib/prefs";
import { applyTheme } from "./lib/theme";

// The OS's palette before the first paint; the remembered theme as soon as prefs.json is read.
applyTheme("system");
void prefs.theme().then(applyTheme);

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
export default mount(App, { target });
