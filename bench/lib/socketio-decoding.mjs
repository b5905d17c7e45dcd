// How the two hand-rolled contenders turn a WebSocket text frame into an
// event: the same two codecs socket.io-client itself uses (engine.io-parser
// for the Engine.IO layer, socket.io-parser's Decoder for the Socket.IO
// layer), without socket.io-client's transport and reconnection machinery,
// which would add cost that is not about decoding.
import { decodePacket } from 'engine.io-parser';
import { Decoder, PacketType } from 'socket.io-parser';

/**
 * Returns a function that decodes one frame and calls `onEvent(name, payload)`
 * for each Socket.IO EVENT with a first argument, the way a socket.on(name)
 * handler would see it. Other packets (pings, acks...) are ignored.
 */
export function createEventDecoder(onEvent) {
  const decoder = new Decoder();
  decoder.on('decoded', (packet) => {
    if (packet.type === PacketType.EVENT && Array.isArray(packet.data) && packet.data.length >= 2) {
      onEvent(packet.data[0], packet.data[1]);
    }
  });
  return (frame) => {
    const engineIoPacket = decodePacket(frame);
    if (engineIoPacket.type === 'message') decoder.add(engineIoPacket.data);
  };
}
