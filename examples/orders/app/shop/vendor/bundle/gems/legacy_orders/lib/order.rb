class Order < ActiveRecord::Base
  scope :stale, -> { where(status: nil) }
end
