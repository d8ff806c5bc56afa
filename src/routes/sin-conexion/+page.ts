// The page the service worker shows, at any address, when a page needs the network and the phone
// has none. Stored at install; plain HTML (it must not hydrate as if it were the page asked for).
export const csr = false;
