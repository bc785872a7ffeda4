// The chat page: pick a nickname, then talk. Events (see ChatServer.java):
//   to the server   "add user" nick, "new message" text, "typing", "stop typing"
//   from the server "login" {numUsers}, "user joined"/"user left" {username, numUsers},
//                   "new message" {username, message}, "typing"/"stop typing" {username}
(() => {
  const TYPING_PAUSE_MS = 600;
  const $ = (id) => document.getElementById(id);
  const socket = io();
  let nickname = null;
  let typing = false;
  let lastKey = 0;
  const typists = new Set();

  function line(text, className) {
    const li = document.createElement("li");
    if (className) li.className = className;
    li.textContent = text;
    return li;
  }

  function show(li) {
    $("messages").appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  function message(username, text) {
    const li = document.createElement("li");
    const nick = document.createElement("span");
    nick.className = "nick";
    nick.textContent = username;
    li.append(nick, document.createTextNode(text));
    show(li);
  }

  function participants(n) {
    $("participants").textContent = n === 1 ? "· you are alone" : `· ${n} participants`;
  }

  function showTypists() {
    const names = [...typists];
    $("typing").textContent = names.length === 0 ? ""
      : `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…`;
  }

  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const nick = $("nickname").value.trim();
    if (!nick) return;
    nickname = nick;
    socket.emit("add user", nickname);
  });

  $("message-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("message").value.trim();
    if (!text) return;
    $("message").value = "";
    message(nickname, text);
    socket.emit("new message", text);
    socket.emit("stop typing");
    typing = false;
  });

  $("message").addEventListener("input", () => {
    if (!typing) {
      typing = true;
      socket.emit("typing");
    }
    lastKey = Date.now();
    setTimeout(() => {
      if (typing && Date.now() - lastKey >= TYPING_PAUSE_MS) {
        socket.emit("stop typing");
        typing = false;
      }
    }, TYPING_PAUSE_MS);
  });

  socket.on("login", ({ numUsers }) => {
    $("login").hidden = true;
    $("chat").hidden = false;
    $("message").focus();
    show(line("Welcome to the Tidings chat", "log"));
    participants(numUsers);
  });
  socket.on("login error", (why) => {
    nickname = null;
    $("nickname").setCustomValidity(why);
    $("nickname").reportValidity();
  });
  $("nickname").addEventListener("input", () => $("nickname").setCustomValidity(""));
  socket.on("new message", ({ username, message: text }) => {
    typists.delete(username);
    showTypists();
    message(username, text);
  });
  socket.on("user joined", ({ username, numUsers }) => {
    show(line(`${username} joined`, "log"));
    participants(numUsers);
  });
  socket.on("user left", ({ username, numUsers }) => {
    show(line(`${username} left`, "log"));
    typists.delete(username);
    showTypists();
    participants(numUsers);
  });
  socket.on("typing", ({ username }) => { typists.add(username); showTypists(); });
  socket.on("stop typing", ({ username }) => { typists.delete(username); showTypists(); });
  socket.on("disconnect", () => show(line("you have been disconnected", "log")));
  socket.io.on("reconnect", () => {
    show(line("you have been reconnected", "log"));
    if (nickname) socket.emit("add user", nickname);
  });
})();
