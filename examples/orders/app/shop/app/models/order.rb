class Order < ApplicationRecord
  belongs_to :customer
  has_many :payments

  STATUSES = %w[pending shipped cancelled].freeze
  validates :status, inclusion: { in: STATUSES }, allow_nil: true
  scope :open, -> { where(status: "pending") }

  def ship!
    update!(status: "shipped", shipped_at: Time.current)
  end

  def label
    status || "unknown"
  end
end
