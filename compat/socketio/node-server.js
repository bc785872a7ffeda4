#!/usr/bin/env node
'use strict';
// The reference side of the differential: Node socket.io 4.8.4 with the handlers of HANDLERS.md, on PORT
// (on 127.0.0.1; 0 picks a free port). The Tidings side is the `differential-socketio` example, with the same handlers in Java.
// Prints "listening <port>" once it listens.

const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3000);
const httpServer = http.createServer();
// PARSER=msgpack: socket.io-msgpack-parser 3.0.2 instead of the default parser.
const io = new Server(httpServer, process.env.PARSER === 'msgpack' ? { parser: require('socket.io-msgpack-parser') } : {});

function welcome(socket) {
  socket.emit('welcome', {
    auth: socket.handshake.auth,
    query: socket.handshake.query.q === undefined ? null : socket.handshake.query.q,
    nsp: socket.nsp.name,
  });
}

function rooms(socket) {
  return [...socket.rooms].filter((r) => r !== socket.id).sort();
}

io.use((socket, next) => {
  if (socket.handshake.auth && socket.handshake.auth.token === 'bad') {
    const err = new Error('not authorized');
    err.data = { code: 42 };
    return next(err);
  }
  next();
});

io.on('connection', (socket) => {
  welcome(socket);
  socket.on('echo', (...args) => socket.emit('echo-back', ...args));
  socket.on('ack', (...args) => {
    const ack = args.pop();
    ack(...args);
  });
  socket.on('ask-me', async (payload) => {
    try {
      const answer = await socket.timeout(2000).emitWithAck('question', payload);
      socket.emit('answered', answer);
    } catch (e) {
      socket.emit('answered-error', e.message);
    }
  });
  socket.on('join', (room, ack) => {
    socket.join(room);
    ack(rooms(socket));
  });
  socket.on('leave', (room, ack) => {
    socket.leave(room);
    ack(rooms(socket));
  });
  socket.on('to-room', (room, ...args) => socket.to(room).emit('room-message', ...args));
  socket.on('to-room-all', (room, ...args) => io.to(room).emit('room-message', ...args));
  socket.on('broadcast', (...args) => socket.broadcast.emit('broadcasted', ...args));
  socket.on('count-room', async (room, ack) => ack((await io.in(room).fetchSockets()).length));
  socket.on('disconnect-me', () => socket.disconnect());
  socket.on('close-me', () => socket.disconnect(true));
  socket.onAny((event, ...args) => {
    if (event.startsWith('any-')) socket.emit('heard-any', event, args.length);
  });
  socket.on('disconnect', (reason) => io.to('watchers').emit('left', reason));
});

io.of('/custom').on('connection', welcome);
io.of(/^\/dyn-\d+$/).on('connection', welcome);

httpServer.listen(port, '127.0.0.1', () => console.log(`listening ${httpServer.address().port}`));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
