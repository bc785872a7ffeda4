/** The {@code chat} example: a chat room served with its page ({@link io.tidings.examples.chat.ChatServer}). */
package io.tidings.examples.chat;
