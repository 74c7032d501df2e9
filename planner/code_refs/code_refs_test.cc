#include "planner/code_refs/code_refs.h"

#include <doctest/doctest.h>

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const std::string& l : lines) out += "\"" + l + "\" ";
    return (out + "}").c_str();
  }
};
}  // namespace doctest

namespace backfill {
namespace {

CodeTarget Orders() { return {"public", "orders", "status", {"orders", "payments", "purchase_orders", "order_statuses"}}; }

// "line kind construct" for each reference, to compare with one string per line.
std::vector<std::string> Found(const std::string& path, const std::string& content, CodeTarget target = Orders()) {
  std::vector<std::string> out;
  for (const CodeReference& r : ReferenceFinder(target).Find(path, content))
    out.push_back(std::to_string(r.line) + " " + ReferenceKindName(r.kind) + " " + r.construct);
  return out;
}

using Lines = std::vector<std::string>;

TEST_CASE("SQL in a string: the statement's clause decides the kind; another table's column is not listed") {
  std::string code =
      "rows = db.execute(\"SELECT id, status FROM orders WHERE total > 0\")\n"
      "db.execute(\"UPDATE orders SET status = 'paid' WHERE id = %s\", id)\n"
      "db.execute(\"SELECT id FROM orders WHERE status = 'new'\")\n"
      "db.execute(\"SELECT status FROM payments\")\n"
      "db.execute(\"INSERT INTO orders (customer_id, status) VALUES (1, 'new')\")\n"
      "db.execute(\"SELECT p.status FROM orders o JOIN payments p ON p.order_id = o.id\")\n"
      "db.execute(\"SELECT o.status FROM orders AS o\")\n"
      "db.execute(\"SELECT status FROM archive.orders\")\n";
  CHECK(Found("app/report.py", code) ==
        Lines{"1 read SQL string", "2 write SQL string", "3 filter SQL string", "5 write SQL string", "7 read SQL string"});
}

TEST_CASE("SQL over several lines: the verb's line starts the statement") {
  std::string code =
      "const q = `\n"
      "  SELECT id,\n"
      "         status\n"
      "    FROM orders\n"
      "   WHERE id = $1`;\n";
  CHECK(Found("src/orders.ts", code) == Lines{"3 read SQL string"});
}

TEST_CASE("a .sql file: statements between semicolons, sqlc's query name, DDL as a migration") {
  std::string sql =
      "-- name: ListPending :many\n"
      "SELECT id FROM orders\n"
      "WHERE status = 'pending';\n"
      "\n"
      "-- name: MarkShipped :exec\n"
      "UPDATE orders SET status = 'shipped' WHERE id = $1;\n"
      "-- orders.status is what this query is about\n"
      "SELECT status FROM payments;\n"
      "CREATE INDEX orders_status_idx ON orders (status);\n";
  CHECK(Found("db/query/orders.sql", sql) == Lines{"3 filter sqlc query ListPending", "6 write sqlc query MarkShipped",
                                                     "9 migration SQL file"});
}

TEST_CASE("ActiveRecord: the model's own lines, queries through the model, a migration; look-alikes are not listed") {
  std::string model =
      "class Order < ApplicationRecord\n"
      "  enum status: { pending: 'pending', paid: 'paid' }\n"
      "  validates :status, presence: true\n"
      "  scope :open, -> { where(status: 'pending') }\n"
      "  def paid?\n"
      "    status == 'paid'\n"
      "  end\n"
      "end\n"
      "class Payment < ApplicationRecord\n"
      "  validates :status, presence: true\n"
      "end\n";
  CHECK(Found("app/models/order.rb", model) == Lines{"2 model ActiveRecord model Order", "3 model ActiveRecord model Order",
                                                       "4 filter ActiveRecord model Order", "6 read ActiveRecord model Order"});
  std::string controller =
      "class OrdersController < ApplicationController\n"
      "  def update\n"
      "    @order.update(status: params[:status])\n"
      "    Order.where(status: 'pending').count\n"
      "    render json: { status: :ok, order: @order }\n"
      "    head response.status\n"
      "    @order.status = 'paid'\n"
      "    purchase_order.status\n"
      "    current_order.status\n"
      "    payment.update(status: 'x')\n"
      "    render(json: { error: 'Order not found' }, status: 404)\n"
      "    scope.where(orders: { status: 'open' })\n"
      "    scope.where(payments: { status: 'open' })\n"
      "  end\n"
      "end\n";
  CHECK(Found("app/controllers/orders_controller.rb", controller) ==
        Lines{"3 write ActiveRecord query", "4 filter ActiveRecord query", "7 write ActiveRecord attribute",
              "9 read ActiveRecord attribute", "12 filter ActiveRecord query"});
  CHECK(Found("db/migrate/20260101_add_status.rb", "add_column :orders, :status, :string\nadd_column :payments, :status, :string\n") ==
        Lines{"1 migration Rails migration"});
  CHECK(Found("db/schema.rb", "create_table \"orders\", force: :cascade do |t|\n  t.string \"status\"\nend\n"
                               "create_table \"payments\" do |t|\n  t.string \"status\"\nend\n") == Lines{"2 model Rails schema.rb"});
}

TEST_CASE("Django: the model field, db_table, queries and a migration operation") {
  std::string models =
      "from django.db import models\n"
      "class Order(models.Model):\n"
      "    status = models.CharField(max_length=20, null=True)\n"
      "class Payment(models.Model):\n"
      "    status = models.CharField(max_length=20)\n"
      "class Purchase(models.Model):\n"
      "    status = models.CharField(max_length=20)\n"
      "    class Meta:\n"
      "        db_table = 'orders'\n";
  CHECK(Found("shop/models.py", models) == Lines{"3 model Django model Order", "7 model Django model Purchase"});
  std::string views =
      "pending = Order.objects.filter(status='pending')\n"
      "Order.objects.filter(pk=1).update(status='paid')\n"
      "Order.objects.filter(status__in=['a', 'b'])\n"
      "return JsonResponse({'status': 'ok'})\n"
      "order.status\n";
  CHECK(Found("shop/views.py", views) ==
        Lines{"1 filter Django query", "2 write Django query", "3 filter Django query", "5 read Django attribute"});
  std::string migration =
      "class Migration(migrations.Migration):\n"
      "    operations = [\n"
      "        migrations.AddField(\n"
      "            model_name='order',\n"
      "            name='status',\n"
      "            field=models.CharField(max_length=20, null=True),\n"
      "        ),\n"
      "        migrations.AddField(\n"
      "            model_name='payment',\n"
      "            name='status',\n"
      "            field=models.CharField(max_length=20, null=True),\n"
      "        ),\n"
      "    ]\n";
  CHECK(Found("shop/migrations/0002_order_status.py", migration) == Lines{"5 migration Django migration"});
}

TEST_CASE("SQLAlchemy, Prisma, TypeORM, SeaORM, GORM and Ecto declarations") {
  CHECK(Found("app/db.py", "class Order(Base):\n    __tablename__ = 'orders'\n    status = Column(String)\n"
                           "class Legacy(Base):\n    __tablename__ = 'legacy'\n    status = Column(String)\n") ==
        Lines{"3 model SQLAlchemy model Order"});
  CHECK(Found("prisma/schema.prisma", "model Order {\n  id Int @id\n  status String?\n}\nmodel Payment {\n  status String\n}\n"
                                      "model Purchase {\n  state String @map(\"status\")\n  @@map(\"orders\")\n}\n") ==
        Lines{"3 model Prisma model Order", "9 model Prisma model Purchase"});
  CHECK(Found("src/order.entity.ts", "@Entity('orders')\nexport class Purchase {\n  @Column()\n  status: string;\n}\n"
                                     "export class Payment {\n  status: string;\n}\n") == Lines{"4 model TypeORM entity Purchase"});
  CHECK(Found("src/entities/order.rs", "#[sea_orm(table_name = \"orders\")]\npub struct Model {\n    pub status: String,\n}\n") ==
        Lines{"3 model SeaORM entity Model"});
  CHECK(Found("models/order.go", "type Order struct {\n\tID     int64\n\tStatus string `gorm:\"column:status\"`\n}\n"
                                 "type Payment struct {\n\tStatus string\n}\n") == Lines{"3 model GORM model Order"});
  CHECK(Found("lib/shop/order.ex", "schema \"orders\" do\n  field :status, :string\nend\nschema \"payments\" do\n  field :status\nend\n") ==
        Lines{"2 model Ecto schema"});
}

TEST_CASE("Prisma client and TypeORM queries: the last verb before the column decides") {
  std::string code =
      "await prisma.order.update({\n"
      "  where: { id },\n"
      "  data: { status: 'paid' },\n"
      "});\n"
      "const open = await prisma.order.findMany({\n"
      "  where: {\n"
      "    status: 'pending',\n"
      "  },\n"
      "});\n"
      "const p = await prisma.payment.findMany({ where: { status: 'x' } });\n"
      "res.status(200).json(open);\n";
  CHECK(Found("src/orders.ts", code) == Lines{"3 write Prisma query", "7 filter Prisma query"});
}

TEST_CASE("GORM names the model after the condition; Ecto binds a variable to the model") {
  CHECK(Found("store/orders.go", "db.Where(\"status = ?\", s).Find(&orders)\ndb.Where(\"status = ?\", s).Find(&payments)\n") ==
        Lines{"1 filter GORM query"});
  CHECK(Found("lib/shop/orders.ex", "from o in Order, where: o.status == ^s\nfrom p in Payment, where: p.status == ^s\n") ==
        Lines{"1 filter Ecto query"});
}

TEST_CASE("tests and migrations are listed as such whatever the construct; comments are not listed") {
  CHECK(Found("spec/models/order_spec.rb", "expect(order.status).to eq('paid')\n# order.status here\n") ==
        Lines{"1 test ActiveRecord attribute"});
  CHECK(Found("tests/test_orders.py", "assert Order.objects.filter(status='x').exists()\n") == Lines{"1 test Django query"});
}

TEST_CASE("a column of several words in each model layer's spelling") {
  CodeTarget t{"public", "orders", "customer_id", {"orders"}};
  CHECK(Found("models/order.go", "type Order struct {\n\tCustomerID int64\n}\n", t) == Lines{"2 model GORM model Order"});
  CHECK(Found("prisma/schema.prisma", "model Order {\n  customerId Int @map(\"customer_id\")\n}\n", t) ==
        Lines{"2 model Prisma model Order"});
}

TEST_CASE("MayRefer skips a file with no spelling of the column") {
  ReferenceFinder finder(Orders());
  CHECK_FALSE(finder.MayRefer("class Order < ApplicationRecord\nend\n"));
  CHECK(finder.MayRefer("x.status"));
}

}  // namespace
}  // namespace backfill
