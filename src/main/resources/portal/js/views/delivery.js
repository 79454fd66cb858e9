import { get, enc } from '../api.js';
import { h, clear, loading, failure } from '../dom.js';
import { deliveryItem } from './log.js';

export async function render(main, { params }) {
  const [id] = params;
  document.title = `${id} · Herald`;
  clear(main, h('h1', {}, 'Delivery'), loading('the delivery'));
  try {
    const d = await get(`/api/v1/deliveries/${enc(id)}`);
    clear(main, h('h1', {}, 'Delivery'), h('section', { class: 'card' }, deliveryItem(d, { open: true, showSubscription: true })));
  } catch (err) {
    clear(main, h('h1', {}, 'Delivery'), failure(`delivery ${id}`, err));
  }
}
