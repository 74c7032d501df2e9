class OrdersController < ApplicationController
  # GET /orders?status=pending
  def index
    @orders = Order.where(status: params[:status]).order(created_at: :desc)
    render json: { status: "ok", orders: @orders }
  end

  def cancel
    order = Order.find(params[:id])
    order.status = "cancelled"
    order.cancelled_at = Time.current
    order.save!
    head :no_content
  end

  def refund
    payment = Payment.find(params[:id])
    payment.update!(status: "refunded")
    render plain: "ok", status: :accepted
  end
end
