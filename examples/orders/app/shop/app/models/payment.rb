class Payment < ApplicationRecord
  belongs_to :order
  validates :status, inclusion: { in: %w[authorized captured refunded] }

  def captured?
    status == "captured"
  end
end
