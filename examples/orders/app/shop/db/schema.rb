ActiveRecord::Schema[7.1].define(version: 2026_03_01_000000) do
  create_table "orders", force: :cascade do |t|
    t.bigint "customer_id", null: false
    t.text "status"
    t.decimal "total", precision: 12, scale: 2, null: false
    t.datetime "shipped_at"
    t.datetime "cancelled_at"
  end

  create_table "payments", force: :cascade do |t|
    t.bigint "order_id", null: false
    t.text "status", null: false
  end
end
