import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
// One stylesheet in the cascade's order: the shell and shared pieces, each screen, narrow screens last.
import "./styles/base.css";
import "./styles/auth.css";
import "./styles/lobby.css";
import "./styles/battle.css";
import "./styles/replay.css";
import "./styles/profile.css";
import "./styles/contest.css";
import "./styles/organise.css";
import "./styles/proctoring.css";
import "./styles/narrow.css";

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
