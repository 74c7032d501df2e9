import { markShipped } from "./orders";

test("markShipped sets the status", async () => {
  const order = await markShipped(1n);
  expect(order.status).toBe("shipped");
});
