import { prisma } from "./db";

// orders.status is filled for old rows by the backfill.
export async function markShipped(id: bigint) {
  return prisma.order.update({
    where: { id },
    data: { status: "shipped", shippedAt: new Date() },
  });
}

export async function openOrders() {
  return prisma.order.findMany({ where: { status: "pending" } });
}

export function respond(res: Response, body: unknown) {
  return res.status(200).json(body);
}
