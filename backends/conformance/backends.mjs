// The backends the conformance suite runs against, one per dialect preset. The reference server
// comes first: it speaks the full protocol, so its column shows what the scenarios ask at most.
import chatwireReference from '../chatwire-reference/adapter.mjs';
import flaskRooms from '../flask-rooms/adapter.mjs';
import flaskShows from '../flask-shows/adapter.mjs';
import nestConversations from '../nest-conversations/adapter.mjs';
import expressConversations from '../express-conversations/adapter.mjs';
import flaskMultiroom from '../flask-multiroom/adapter.mjs';

export const BACKENDS = [
  chatwireReference,
  flaskRooms,
  flaskShows,
  nestConversations,
  expressConversations,
  flaskMultiroom,
];
